import {
  createApiFetcher,
  type ApiClientOptions,
  type ApiFetcher,
} from './apiFetcher';

/**
 * One kind of record under a path (`/users`, `/credentials/{id}`): fetched,
 * created, replaced and deleted alike in every OpsSight backend.
 *
 * @public
 */
export interface RecordRoutes<TRecord, TInput, TUpdate, TSaved> {
  /** `GET {path}/{id}` */
  get(id: string): Promise<TRecord>;
  /** `POST {path}` */
  create(input: TInput): Promise<TSaved>;
  /** `PUT {path}/{id}` */
  update(id: string, changes: TUpdate): Promise<TSaved>;
  /** `DELETE {path}/{id}` */
  remove(id: string): Promise<void>;
}

/**
 * `path/id`, the id encoded.
 *
 * @public
 */
export function recordPath(path: string, id: string): string {
  return `${path}/${encodeURIComponent(id)}`;
}

/**
 * The base of an OpsSight API client (what `apiClientExtension` makes): `api`
 * sends requests to the backend plugin that `pluginId` names, and `records`
 * gives the usual routes of one kind of record under it.
 *
 * @public
 */
export abstract class PluginApiClient {
  /** The backend plugin's id, e.g. `machines`. */
  protected abstract readonly pluginId: string;
  private fetcher?: ApiFetcher;

  constructor(protected readonly options: ApiClientOptions) {}

  protected get api(): ApiFetcher {
    this.fetcher ??= createApiFetcher({
      ...this.options,
      pluginId: this.pluginId,
    });
    return this.fetcher;
  }

  protected records<TRecord, TInput, TUpdate = TInput, TSaved = TRecord>(
    path: string,
  ): RecordRoutes<TRecord, TInput, TUpdate, TSaved> {
    return {
      get: id => this.api.json(recordPath(path, id)),
      create: input => this.api.json(path, { method: 'POST', body: input }),
      update: (id, changes) =>
        this.api.json(recordPath(path, id), { method: 'PUT', body: changes }),
      remove: id =>
        this.api.noContent(recordPath(path, id), { method: 'DELETE' }),
    };
  }
}
