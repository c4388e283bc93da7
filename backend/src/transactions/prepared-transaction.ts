/**
 * A transaction the backend prepares and the user's wallet signs: the backend never holds users' keys.
 * Mutations that change the chain check everything they can against the index first (so a doomed
 * transaction is refused with a clear error instead of reverting), then return one or more of these
 * to sign and send in order. After sending, the client names the mined block in `x-min-block` to read
 * its own write.
 */
import { Inject, Injectable } from "@nestjs/common";
import { Field, Int, ObjectType } from "@nestjs/graphql";
import { CONTRACT_INTERFACES } from "../chain/contracts";
import { CONFIG } from "../common/tokens";
import type { BackendConfig, ContractName } from "../config/config";

@ObjectType({ description: "An unsigned transaction for the user's wallet (eth_sendTransaction fields)." })
export class PreparedTransaction {
  @Field(() => Int)
  chainId!: number;
  @Field(() => String, {
    description: "The signer this step belongs to; a wallet of another account must not send it.",
  })
  from!: string;
  @Field(() => String, { description: "Contract address." })
  to!: string;
  @Field(() => String, { description: "ABI-encoded call (0x hex)." })
  data!: string;
  @Field(() => String, { description: "Wei to send (always 0: settlement is in tokens)." })
  value!: string;
  @Field(() => String, { description: 'Contract and function, e.g. "factoring.accept".' })
  method!: string;
  @Field(() => String, { description: "What signing it does, in words, for the wallet prompt." })
  description!: string;
}

@Injectable()
export class TransactionBuilder {
  constructor(@Inject(CONFIG) private readonly config: BackendConfig) {}

  /** `contract.method(...args)` from `from`, encoded with the contract's generated ABI. */
  prepare(
    from: string,
    contract: ContractName,
    method: string,
    args: readonly unknown[],
    description: string,
  ): PreparedTransaction {
    const data = CONTRACT_INTERFACES[contract].encodeFunctionData(method, args);
    return {
      chainId: this.config.chainId,
      from,
      to: this.config.deployment.contracts[contract],
      data,
      value: "0",
      method: `${contract}.${method}`,
      description,
    };
  }
}
