/** The configuration refuses every wrong value at start, naming each one, before anything connects. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { ConfigError, loadConfig } from "../../src/config/config";

const ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

function deploymentFile(content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scf-config-")), "deployment.json");
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const contracts = Object.fromEntries(
  [
    "registry",
    "settlementToken",
    "receivables",
    "purchaseOrders",
    "warehouseReceipts",
    "creditLimits",
    "factoring",
    "orderFinancing",
    "receiptFinancing",
  ].map((name) => [name, ADDRESS]),
);

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("the configuration was accepted");
}

describe("configuration", function () {
  const good = () => ({
    DEPLOYMENT_FILE: deploymentFile({ chainId: 31337, currency: "CNY", startBlock: 3, contracts }),
  });

  it("accepts the defaults with a deployment file and reads its contracts", function () {
    const config = loadConfig(good());
    expect(config.rpcUrl).to.equal("http://127.0.0.1:8545");
    expect(config.databaseUrl).to.equal(undefined);
    expect(config.deployment.startBlock).to.equal(3);
    expect(config.indexer).to.equal(true);
  });

  it("lists every wrong value at once", function () {
    const found = problems({
      ...good(),
      RPC_URL: "ftp://node",
      DATABASE_URL: "mysql://db",
      CONFIRMATIONS: "-1",
      POLL_INTERVAL_MS: "fast",
      PORT: "70000",
      LOG_LEVEL: "verbose",
      INDEXER: "maybe",
    });
    expect(found).to.have.length(7);
    expect(found.join("\n")).to.match(/RPC_URL must be a http: or https: URL/);
    expect(found.join("\n")).to.match(/DATABASE_URL must be a postgres: or postgresql: URL/);
    expect(found.join("\n")).to.match(/CONFIRMATIONS must be a whole number/);
    expect(found.join("\n")).to.match(/POLL_INTERVAL_MS must be a whole number/);
    expect(found.join("\n")).to.match(/PORT must be between 0 and 65535, got 70000/);
    expect(found.join("\n")).to.match(/LOG_LEVEL must be one of/);
    expect(found.join("\n")).to.match(/INDEXER must be "on" or "off"/);
  });

  it("says when the deployment file is missing, unreadable or incomplete", function () {
    expect(problems({ DEPLOYMENT_FILE: "/nonexistent/31337.json" })[0]).to.match(/does not exist/);
    expect(problems({ DEPLOYMENT_FILE: deploymentFile("{ not json") })[0]).to.match(/deployment file/);
    const file = deploymentFile({ chainId: 31337, contracts: { ...contracts, factoring: "0x12" } });
    expect(problems({ DEPLOYMENT_FILE: file })).to.deep.equal([
      `deployment file ${file}: startBlock missing`,
      `deployment file ${file}: contracts.factoring is not an address`,
    ]);
  });

  it("refuses a deployment file of another chain", function () {
    expect(problems({ ...good(), CHAIN_ID: "1" })[0]).to.match(/is for chain 31337, but CHAIN_ID is 1/);
  });
});
