/**
 * The Google calls the events module makes, as a narrow slice of the typed Games client: tests
 * substitute fakes for exactly this.
 */
import type { GamesClient } from '../../google/games-client.js';

export type EventGames = Pick<GamesClient, 'listAllEventDefinitions' | 'listAllPlayerEvents' | 'recordEvents'>;
