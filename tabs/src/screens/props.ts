import type { MeDto } from '../../../server/src/contracts/api';
import type { ApiClient } from '../api/http';
import type { Route } from '../routes';

/** What every signed-in screen is given. */
export interface ScreenProps<R extends Route = Route> {
  readonly me: MeDto;
  readonly api: ApiClient;
  readonly route: R;
}
