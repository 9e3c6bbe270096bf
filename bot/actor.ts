import type { TurnContext } from 'botbuilder';
import { personActor } from '../server/src/core/directory';
import type { Directory } from '../server/src/core/ports';
import type { Actor } from '../server/src/core/roles';

/** The directory person behind the Teams user of this turn, as an actor; null when the user is not in the directory. */
export async function actorOfTurn(directory: Pick<Directory, 'byAadObjectId'>, context: TurnContext): Promise<Actor | null> {
  const aadObjectId = context.activity.from?.aadObjectId;
  const person = aadObjectId ? await directory.byAadObjectId(aadObjectId) : null;
  return person ? personActor(person) : null;
}
