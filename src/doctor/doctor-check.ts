/** The result of one `rtlab doctor` check. */
export interface DoctorCheck {
  readonly id: string;
  readonly title: string;
  /** `skip`: not applicable here (MongoDB when no MONGO_URL is set, say). */
  readonly status: 'ok' | 'fail' | 'skip';
  /** A failed required check makes `rtlab doctor` exit 3; an optional one only warns. */
  readonly required: boolean;
  readonly detail: string;
  readonly hint?: string;
}

export interface DoctorReport {
  /** True when no required check failed. */
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
}
