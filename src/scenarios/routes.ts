/**
 * Where a scenario's events or a fixture go when the Test Explorer or the terminal runs them: the file's own
 * target, else the forwarding table's route for the event (or its `*`).
 */
import { targetsFor, type ForwardTable } from '../receiver/forwardRoutes';

export function routeOf(fileTarget: string | undefined, table: ForwardTable): (event: string) => string | undefined {
  return (event) => fileTarget ?? targetsFor(table, event)[0];
}
