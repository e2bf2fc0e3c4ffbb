import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** A chart's element carries its uPlot instance, so a test can read what is drawn. */
export interface ChartElement extends HTMLDivElement {
  uplot?: uPlot;
}

export interface ChartProps {
  /** Everything but the size, which follows the element's width. */
  readonly options: Omit<uPlot.Options, 'width' | 'height'>;
  readonly data: uPlot.AlignedData;
  readonly height: number;
  /** `data-chart`, for tests and styles. */
  readonly name: string;
}

/**
 * A uPlot chart that redraws in place when its data changes (no flicker on every poll) and is
 * rebuilt only when its options do; it resizes with its container.
 */
export function Chart({ options, data, height, name }: ChartProps) {
  const element = useRef<ChartElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const target = element.current as ChartElement;
    const created = new uPlot({ ...options, width: target.clientWidth || 600, height }, dataRef.current, target);
    plot.current = created;
    target.uplot = created;
    const observer = new ResizeObserver(() => created.setSize({ width: target.clientWidth, height }));
    observer.observe(target);
    return () => {
      observer.disconnect();
      created.destroy();
      target.uplot = undefined;
      plot.current = undefined;
    };
  }, [options, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div class="chart" data-chart={name} ref={element} />;
}
