import { desc, eq, sql } from 'drizzle-orm';
import type { ConversationRecord, ConversationStore } from '../../core/ports';
import type { Db } from './db';
import { teamsConversations } from './schema';

export class PostgresConversationStore implements ConversationStore {
  /** Prepared once: every ring and card looks up the person's chat. */
  private readonly personalQuery;

  constructor(private readonly db: Db) {
    this.personalQuery = db
      .select()
      .from(teamsConversations)
      .where(eq(teamsConversations.personId, sql.placeholder('personId')))
      .orderBy(desc(teamsConversations.updatedAt))
      .limit(1)
      .prepare('conversation_personal_for');
  }

  async save(r: ConversationRecord): Promise<void> {
    const row = {
      conversationId: r.conversationId,
      personId: r.personId,
      aadObjectId: r.aadObjectId,
      tenantId: r.tenantId,
      serviceUrl: r.serviceUrl,
      reference: r.reference,
      updatedAt: new Date(),
    };
    await this.db.insert(teamsConversations).values(row).onConflictDoUpdate({ target: teamsConversations.conversationId, set: row });
  }

  async byConversationId(conversationId: string): Promise<ConversationRecord | null> {
    const [row] = await this.db.select().from(teamsConversations).where(eq(teamsConversations.conversationId, conversationId));
    return row ?? null;
  }

  async personalFor(personId: string): Promise<ConversationRecord | null> {
    const [row] = await this.personalQuery.execute({ personId });
    return row ?? null;
  }
}
