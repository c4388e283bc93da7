/** Sign-in (SIWE) and sessions; global, so every feature module can resolve and check the viewer. */
import { Global, Module, type MiddlewareConsumer, type NestModule } from "@nestjs/common";
import { AuthMiddleware } from "./auth.middleware";
import { AuthResolver } from "./auth.resolver";
import { SessionService } from "./sessions";
import { SiweService } from "./siwe.service";

@Global()
@Module({
  providers: [SessionService, AuthMiddleware, SiweService, AuthResolver],
  exports: [SessionService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware).forRoutes("*");
  }
}
