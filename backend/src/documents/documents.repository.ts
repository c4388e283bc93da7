/**
 * Database access of the documents feature: members' encryption keys, documents and their wrapped
 * keys. The writes of one upload or share go through one transaction (`transaction`).
 */
import { Inject, Injectable } from "@nestjs/common";
import { and, eq, inArray, sql } from "drizzle-orm";
import { key, keysetPage, OrderDirection, type ListSpec, type Page, type PageArgs } from "../api/common/pagination";
import { Role } from "../auth/viewer";
import { DATABASE } from "../common/tokens";
import type { DatabaseHandle, Executor } from "../database/database";
import {
  documentKeys,
  documents,
  memberKeys,
  members,
  type DocumentKey,
  type DocumentRow,
  type Member,
  type MemberKey,
} from "../database/schema";

type DocumentSortField = "CREATED";
const DOCUMENTS: ListSpec<DocumentSortField> = {
  name: "documents",
  table: documents,
  key: [key(documents.id, "id", "text")],
  sorts: { CREATED: key(documents.createdAt, "createdAt", "time") },
};

/** A wrapped key row with the current roles of its holder (to tell parties from the regulator). */
export type KeyHolder = DocumentKey & { roles: number | null };

@Injectable()
export class DocumentsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.database.db.transaction(work);
  }

  members(addresses: readonly string[]): Promise<Member[]> {
    if (addresses.length === 0) return Promise.resolve([]);
    return this.database.db
      .select()
      .from(members)
      .where(inArray(members.address, [...addresses]));
  }

  keys(addresses: readonly string[]): Promise<MemberKey[]> {
    if (addresses.length === 0) return Promise.resolve([]);
    return this.database.db
      .select()
      .from(memberKeys)
      .where(inArray(memberKeys.address, [...addresses]));
  }

  async key(address: string): Promise<MemberKey | undefined> {
    const [row] = await this.keys([address]);
    return row;
  }

  /** Active, non-blacklisted regulators that registered a key: every document key is also wrapped for them. */
  activeRegulatorKeys(): Promise<MemberKey[]> {
    return this.database.db
      .select({ address: memberKeys.address, publicKey: memberKeys.publicKey, registeredAt: memberKeys.registeredAt })
      .from(memberKeys)
      .innerJoin(members, eq(members.address, memberKeys.address))
      .where(
        and(
          sql`(${members.roles} & ${Role.REGULATOR}) <> 0`,
          eq(members.status, "Active"),
          eq(members.blacklisted, false),
        ),
      );
  }

  /** Registers or replaces a member's public key. */
  async upsertKey(address: string, publicKey: string, now: Date): Promise<MemberKey> {
    const [row] = await this.database.db
      .insert(memberKeys)
      .values({ address, publicKey, registeredAt: now })
      .onConflictDoUpdate({ target: memberKeys.address, set: { publicKey, registeredAt: now } })
      .returning();
    return row;
  }

  async document(id: string): Promise<DocumentRow | undefined> {
    const [row] = await this.database.db.select().from(documents).where(eq(documents.id, id));
    return row;
  }

  async keyOf(documentId: string, party: string): Promise<DocumentKey | undefined> {
    const [row] = await this.database.db
      .select()
      .from(documentKeys)
      .where(and(eq(documentKeys.documentId, documentId), eq(documentKeys.party, party)));
    return row;
  }

  /** Every wrapped key of these documents, with its holder's current roles. */
  keyHolders(documentIds: readonly string[]): Promise<KeyHolder[]> {
    if (documentIds.length === 0) return Promise.resolve([]);
    return this.database.db
      .select({
        documentId: documentKeys.documentId,
        party: documentKeys.party,
        ephemeralPublicKey: documentKeys.ephemeralPublicKey,
        iv: documentKeys.iv,
        wrappedKey: documentKeys.wrappedKey,
        addedBy: documentKeys.addedBy,
        addedAt: documentKeys.addedAt,
        roles: members.roles,
      })
      .from(documentKeys)
      .leftJoin(members, eq(members.address, documentKeys.party))
      .where(inArray(documentKeys.documentId, [...documentIds]))
      .orderBy(documentKeys.addedAt, documentKeys.party);
  }

  /** Documents newest first: all of them (`party` undefined, the regulator) or those `party` holds a key to. */
  list(party: string | undefined, page: PageArgs): Promise<Page<DocumentRow>> {
    const where =
      party === undefined
        ? undefined
        : inArray(
            documents.id,
            this.database.db
              .select({ id: documentKeys.documentId })
              .from(documentKeys)
              .where(eq(documentKeys.party, party)),
          );
    return keysetPage<DocumentRow, DocumentSortField>(this.database.db, DOCUMENTS, {
      where,
      field: "CREATED",
      direction: OrderDirection.DESC,
      page,
    });
  }

  async insertDocument(tx: Executor, row: DocumentRow, keys: DocumentKey[]): Promise<void> {
    await tx.insert(documents).values(row);
    await tx.insert(documentKeys).values(keys);
  }

  /** Adds wrapped keys; a party that got one meanwhile (a concurrent share) keeps the one it has. */
  async insertKeys(tx: Executor, keys: DocumentKey[]): Promise<void> {
    if (keys.length === 0) return;
    await tx.insert(documentKeys).values(keys).onConflictDoNothing();
  }
}
