import type { ComponentChildren } from 'preact';

export interface PanelProps {
  readonly title: string;
  /** `data-panel`, for tests and styles. */
  readonly name: string;
  /** Controls beside the title. */
  readonly actions?: ComponentChildren;
  readonly error?: string | undefined;
  readonly updatedAt?: number | undefined;
  readonly children: ComponentChildren;
}

export function Panel({ title, name, actions, error, updatedAt, children }: PanelProps) {
  return (
    <section class="panel" data-panel={name}>
      <header class="panel-head">
        <h2>{title}</h2>
        <div class="panel-actions">
          {actions}
          {updatedAt !== undefined && (
            <span class="updated" title="last answer">
              <span class="live-dot" /> {new Date(updatedAt).toISOString().slice(11, 19)} UTC
            </span>
          )}
        </div>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {children}
    </section>
  );
}

export interface ChoiceProps<T extends string> {
  readonly label: string;
  readonly value: T;
  readonly options: readonly { readonly id: T; readonly label: string }[];
  readonly onChange: (value: T) => void;
  readonly name: string;
}

/** A labelled select: the range and granularity pickers. */
export function Choice<T extends string>({ label, value, options, onChange, name }: ChoiceProps<T>) {
  return (
    <label class="choice">
      <span>{label}</span>
      <select
        name={name}
        value={value}
        onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value as T)}
      >
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
