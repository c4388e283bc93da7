/**
 * Encrypted documents on IPFS: the store (embedded Helia blockstore, or Kubo when KUBO_URL is set),
 * the upload/download endpoints and the GraphQL operations. The store is opened at start and closed
 * with the application.
 */
import { Inject, Module, type OnApplicationShutdown } from "@nestjs/common";
import { MulterModule } from "@nestjs/platform-express";
import { CONFIG } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import { DOCUMENT_STORE, openDocumentStore, type DocumentStore } from "./document-store";
import { DocumentsController, UploadExceptionFilter, UploadGuard } from "./documents.controller";
import { DocumentsRepository } from "./documents.repository";
import { DocumentsResolver } from "./documents.resolver";
import { DocumentsService } from "./documents.service";

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [CONFIG],
      // No `dest` or `storage`: multer keeps the file in memory, so a plaintext never touches the disk.
      useFactory: (config: BackendConfig) => ({
        defParamCharset: "utf8",
        limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 8, fieldSize: 16 * 1024, parts: 10 },
      }),
    }),
  ],
  providers: [
    { provide: DOCUMENT_STORE, inject: [CONFIG], useFactory: (config: BackendConfig) => openDocumentStore(config) },
    DocumentsRepository,
    DocumentsService,
    DocumentsResolver,
    UploadGuard,
    UploadExceptionFilter,
  ],
  controllers: [DocumentsController],
  exports: [DocumentsService, DOCUMENT_STORE],
})
export class DocumentsModule implements OnApplicationShutdown {
  constructor(@Inject(DOCUMENT_STORE) private readonly store: DocumentStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
