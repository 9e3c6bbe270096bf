import { and, desc, eq } from 'drizzle-orm';
import type { ConversationRecord, ConversationStore } from '../../core/ports';
import type { Db } from './db';
import { teamsConversations } from './schema';

export class PostgresConversationStore implements ConversationStore {
  constructor(private readonly db: Db) {}

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
    const [row] = await this.db
      .select()
      .from(teamsConversations)
      .where(and(eq(teamsConversations.personId, personId)))
      .orderBy(desc(teamsConversations.updatedAt))
      .limit(1);
    return row ?? null;
  }
}
