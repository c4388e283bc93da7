/** GraphQL operations of financing applications (thin: the service holds the rules). */
import { Inject } from "@nestjs/common";
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";
import { ApiException } from "../api/api.exception";
import { AfterArg, FirstArg } from "../api/common/args";
import { AddressPipe, IdPipe, InputPipe } from "../api/common/validation";
import { CurrentViewer } from "../auth/request-auth";
import { hasRole, isRegulator, Role, sameAddress, type Viewer } from "../auth/viewer";
import type { ApplicationDecisionRow, FinancingApplicationRow } from "../database/applications.schema";
import { PreparedTransaction } from "../transactions/prepared-transaction";
import { ApplicationStatus } from "./application.states";
import {
  ApplicationHistoryEntry,
  ApplicationQuote,
  BankDecision,
  FinancingApplication,
  FinancingApplicationConnection,
  FinancingProductRef,
  RiskSummary,
} from "./applications.model";
import { ApplicationsService, registryRef as registryRefHex } from "./applications.service";
import {
  ApplicationFilter,
  ApprovalTermsInput,
  CreateApplicationInput,
  QuoteApplicationInput,
  UpdateApplicationInput,
} from "./dtos/applications.input";
import type { Quote } from "./quotes";
import { RiskService } from "./risk.service";

/** A stored quote (asOf in unix seconds) as the GraphQL type. */
export function quoteModel(quote: unknown): ApplicationQuote | null {
  if (!quote) return null;
  const q = quote as Quote;
  return { ...q, asOf: new Date(q.asOf * 1000) };
}

const IdArg = () => Args("id", { type: () => ID }, IdPipe);

@Resolver(() => FinancingApplication)
export class ApplicationsResolver {
  constructor(
    @Inject(ApplicationsService) private readonly service: ApplicationsService,
    @Inject(RiskService) private readonly risk: RiskService,
  ) {}

  @Query(() => FinancingApplication, {
    description: "An application: its applicant, an addressed bank (once submitted) or the regulator may read it.",
  })
  application(@CurrentViewer() viewer: Viewer, @IdArg() id: number) {
    return this.service.application(viewer, id);
  }

  @Query(() => FinancingApplicationConnection, {
    description: "Applications visible to the viewer (own, addressed to it, or all for the regulator), newest first.",
  })
  applications(
    @CurrentViewer() viewer: Viewer,
    @Args("filter", { type: () => ApplicationFilter, nullable: true }, new InputPipe(ApplicationFilter))
    filter: ApplicationFilter | undefined,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.list(viewer, filter, first, after);
  }

  @Query(() => FinancingApplicationConnection, {
    description:
      "A bank's queue: applications addressed to it (default: SUBMITTED, UNDER_REVIEW, APPROVED), with riskSummary.",
  })
  applicationQueue(
    @CurrentViewer() viewer: Viewer,
    @Args("status", { type: () => [ApplicationStatus], nullable: true }) status: ApplicationStatus[] | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.queue(viewer, status, first, after);
  }

  @Query(() => ApplicationQuote, {
    description: "Preview at the given bounds (lowest advance, highest rate), priced like the contracts today.",
  })
  async quoteApplication(
    @CurrentViewer() viewer: Viewer,
    @Args("input", { type: () => QuoteApplicationInput }, new InputPipe(QuoteApplicationInput))
    input: QuoteApplicationInput,
  ) {
    return quoteModel(await this.service.quote(viewer, input));
  }

  @Mutation(() => FinancingApplication, { description: "A new DRAFT application of the signed-in holder." })
  createApplication(
    @CurrentViewer() viewer: Viewer,
    @Args("input", { type: () => CreateApplicationInput }, new InputPipe(CreateApplicationInput))
    input: CreateApplicationInput,
  ) {
    return this.service.create(viewer, input);
  }

  @Mutation(() => FinancingApplication, { description: "Changes a DRAFT (applicant only)." })
  updateApplication(
    @CurrentViewer() viewer: Viewer,
    @IdArg() id: number,
    @Args("input", { type: () => UpdateApplicationInput }, new InputPipe(UpdateApplicationInput))
    input: UpdateApplicationInput,
  ) {
    return this.service.update(viewer, id, input ?? {});
  }

  @Mutation(() => FinancingApplication, { description: "Runs eligibility, stores the quote, sends it to the banks." })
  submitApplication(@CurrentViewer() viewer: Viewer, @IdArg() id: number) {
    return this.service.submit(viewer, id);
  }

  @Mutation(() => FinancingApplication, { description: "The applicant withdraws it (before execution)." })
  withdrawApplication(
    @CurrentViewer() viewer: Viewer,
    @IdArg() id: number,
    @Args("note", { type: () => String, nullable: true }) note: string | null,
  ) {
    return this.service.withdraw(viewer, id, note ?? null);
  }

  @Mutation(() => FinancingApplication, { description: "An addressed bank starts reviewing it." })
  openApplication(@CurrentViewer() viewer: Viewer, @IdArg() id: number) {
    return this.service.open(viewer, id);
  }

  @Mutation(() => FinancingApplication, {
    description: "An addressed bank approves with terms within the bounds, its credit limits and the contracts' caps.",
  })
  approveApplication(
    @CurrentViewer() viewer: Viewer,
    @IdArg() id: number,
    @Args("terms", { type: () => ApprovalTermsInput }, new InputPipe(ApprovalTermsInput)) terms: ApprovalTermsInput,
  ) {
    return this.service.approve(viewer, id, terms);
  }

  @Mutation(() => FinancingApplication, { description: "An addressed bank rejects, with a reason." })
  rejectApplication(
    @CurrentViewer() viewer: Viewer,
    @IdArg() id: number,
    @Args("reason", { type: () => String }) reason: string,
  ) {
    return this.service.reject(viewer, id, reason);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "For the applicant once `bank` approved: the on-chain offer/request to that bank, bounded by its terms.",
  })
  executionTransactions(
    @CurrentViewer() viewer: Viewer,
    @IdArg() id: number,
    @Args("bank", { type: () => String }, AddressPipe) bank: string,
  ) {
    return this.service.executionTransactions(viewer, id, bank);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "For the approving bank once the offer is indexed: settlement-token approve, then the product's accept.",
  })
  acceptanceTransactions(@CurrentViewer() viewer: Viewer, @IdArg() id: number) {
    return this.service.acceptanceTransactions(viewer, id);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "For the applicant: withdraws its live on-chain offer/request to `bank` (Factoring.withdraw / LoanBook.withdraw); the application follows once indexed.",
  })
  offerWithdrawalTransactions(
    @CurrentViewer() viewer: Viewer,
    @IdArg() id: number,
    @Args("bank", { type: () => String }, AddressPipe) bank: string,
  ) {
    return this.service.offerWithdrawalTransactions(viewer, id, bank);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "For an addressed bank: declines the live on-chain offer/request made to it, with a reason of 1 to 31 bytes (stored on chain); its decision follows once indexed.",
  })
  declineTransactions(
    @CurrentViewer() viewer: Viewer,
    @IdArg() id: number,
    @Args("reason", { type: () => String }) reason: string,
  ) {
    return this.service.declineTransactions(viewer, id, reason);
  }

  // ------------------------------------------------------------------------------------------------
  // Fields
  // ------------------------------------------------------------------------------------------------

  @ResolveField(() => ApplicationQuote, { nullable: true, description: "Quote preview stored at submission." })
  quote(@Parent() app: FinancingApplicationRow) {
    return quoteModel(app.quote);
  }

  @ResolveField(() => FinancingProductRef, { nullable: true })
  financing(@Parent() app: FinancingApplicationRow): FinancingProductRef | null {
    return app.financingProduct && app.financingId !== null
      ? { product: app.financingProduct, id: app.financingId }
      : null;
  }

  @ResolveField(() => [BankDecision], {
    description: "All decisions for the applicant and the regulator; a bank sees its own.",
  })
  async decisions(@CurrentViewer() viewer: Viewer, @Parent() app: FinancingApplicationRow) {
    const rows = await this.service.decisionsFor(viewer, app);
    return rows.map((d: ApplicationDecisionRow) => ({ ...d, quote: quoteModel(d.quote) }));
  }

  @ResolveField(() => [ApplicationHistoryEntry])
  history(@CurrentViewer() viewer: Viewer, @Parent() app: FinancingApplicationRow) {
    return this.service.historyFor(viewer, app);
  }

  @ResolveField(() => String, { description: 'The bytes32 registryRef the acceptance carries ("scf-app:<id>").' })
  registryRef(@Parent() app: FinancingApplicationRow) {
    return registryRefHex(app.id);
  }

  @ResolveField(() => RiskSummary, {
    nullable: true,
    description:
      "For an addressed bank (its own limits and concentration) or the regulator (for `bank`, default the first addressed); null for others.",
  })
  async riskSummary(
    @CurrentViewer() viewer: Viewer,
    @Parent() app: FinancingApplicationRow,
    @Args("bank", { type: () => String, nullable: true }, AddressPipe) bank: string | undefined,
  ) {
    const decisions = await this.service.decisionsFor(viewer, app);
    let target: string | undefined;
    if (isRegulator(viewer)) target = bank ?? decisions[0]?.bank;
    else if (hasRole(viewer, Role.BANK) && decisions.some((d) => sameAddress(d.bank, viewer.address))) {
      if (bank && !sameAddress(bank, viewer.address)) {
        throw ApiException.badInput("bank", "a bank sees the risk summary for itself only");
      }
      target = viewer.address;
    }
    return target ? this.risk.summary(app, target) : null;
  }
}
