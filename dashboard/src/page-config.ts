/** `dashboard/config.json`: written by the local platform, or deployed beside the page on AWS. */
export interface PageConfig {
  /** Base URL of the reports API without a trailing slash; '' is this page's origin. */
  readonly apiBase: string;
  /** `apiKey`: requests carry the `x-api-key` the operator enters, kept in this browser only. */
  readonly auth: 'none' | 'apiKey';
  /** Where pipeline health is read (`/health`); null hides the panel. */
  readonly healthUrl: string | null;
  /** Whether `GET /reports/model` is served; false hides the panel. */
  readonly model: boolean;
  readonly periodSeconds: number;
  readonly allowedLatenessSeconds: number;
  /** How often every panel polls. */
  readonly refreshSeconds: number;
}
