/** The parts of Redash's API objects (v10 and later) the provisioner reads. */

export interface RedashSchedule {
  readonly interval: number | null;
  readonly time: string | null;
  readonly day_of_week: string | null;
  readonly until: string | null;
}

export interface RedashDataSource {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly options?: Record<string, unknown>;
}

export interface RedashVisualization {
  readonly id: number;
  readonly type: string;
  readonly name: string;
  readonly description?: string | null;
  readonly options: Record<string, unknown>;
}

export interface RedashQuery {
  readonly id: number;
  readonly name: string;
  readonly query: string;
  readonly description: string | null;
  readonly data_source_id: number;
  readonly schedule: RedashSchedule | null;
  readonly is_draft: boolean;
  readonly is_archived: boolean;
  readonly tags: readonly string[];
  readonly options: Record<string, unknown>;
  readonly visualizations?: readonly RedashVisualization[];
}

export interface RedashPage<T> {
  readonly count: number;
  readonly page: number;
  readonly page_size: number;
  readonly results: readonly T[];
}

export interface RedashWidget {
  readonly id: number;
  readonly text: string;
  readonly width: number;
  readonly options: { readonly position?: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  readonly visualization?: RedashVisualization | null;
}

export interface RedashDashboard {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
  readonly is_draft: boolean;
  readonly is_archived: boolean;
  readonly tags: readonly string[];
  readonly widgets?: readonly RedashWidget[];
}

export interface RedashAlert {
  readonly id: number;
  readonly name: string;
  readonly query: { readonly id: number };
  readonly options: Record<string, unknown>;
  readonly rearm: number | null;
}

export interface RedashDestination {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly options?: Record<string, unknown>;
}

export interface RedashSubscription {
  readonly id: number;
  readonly destination?: { readonly id: number } | null;
}
