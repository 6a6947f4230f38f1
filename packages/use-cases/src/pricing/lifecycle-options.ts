export interface LifecycleOptions {
  /** The instant recorded as published_at / archived_at; default now. */
  now?: Date;
}
