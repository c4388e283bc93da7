/**
 * The credit lines the bank granted, per obligor and per borrower (limit, used, available), and the
 * form that sets one (setCreditLimit: 0 closes a line; a suspended or blacklisted member's line may only
 * be lowered, which the API checks).
 */
import { useState, type FormEvent } from "react";
import { parseAmount, useI18n } from "../../i18n";
import { gql, useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { TX_FIELDS, useTransactions } from "../../lib/tx";
import { DataTable, Amount, Card, Page, QueryView, SelectInput, TextInput, TxProgress } from "../../ui";
import { MAX_LIMIT, MemberName, useMembers } from "./components";
import { sameAddress } from "../../lib/address";

type Kind = "Obligor" | "Borrower";
interface Line {
  counterparty: string;
  counterpartyMember: { orgId: string } | null;
  kind: Kind;
  limit: string;
  used: string;
  remaining: string;
  updatedBlock: number;
}

const LINES = `query($bank: String!) { creditLines(first: 500, filter: { bank: $bank }) {
  edges { node { counterparty counterpartyMember { orgId } kind limit used remaining updatedBlock } } } }`;
const KINDS: Kind[] = ["Obligor", "Borrower"];

export default function LimitsPage() {
  const { t } = useI18n();
  const bank = useSession().viewer!.address;
  const state = useQuery<{ creditLines: { edges: { node: Line }[] } }>(LINES, { bank });
  const [preset, setPreset] = useState<{ counterparty: string; kind: Kind; n: number } | null>(null);
  const lines = state.data?.creditLines.edges.map((e) => e.node) ?? [];
  return (
    <Page title={t("bank.limits.title")}>
      <QueryView state={state}>
        {() => (
          <div className="grid">
            {KINDS.map((kind) => (
              <Card key={kind} title={t(`bank.limits.per${kind}`)}>
                <DataTable
                  testId={`limits-${kind.toLowerCase()}`}
                  rows={lines.filter((l) => l.kind === kind)}
                  rowKey={(l) => l.counterparty}
                  rowTestId={(l) => `limit-row-${kind}-${l.counterparty}`}
                  empty={t("bank.limits.none")}
                  columns={[
                    {
                      key: "who",
                      header: t("bank.limits.counterparty"),
                      render: (l) => <MemberName address={l.counterparty} orgId={l.counterpartyMember?.orgId} />,
                    },
                    {
                      key: "limit",
                      header: t("bank.limits.limit"),
                      align: "right",
                      render: (l) => <Amount value={l.limit} />,
                    },
                    {
                      key: "used",
                      header: t("bank.limits.used"),
                      align: "right",
                      render: (l) => <Amount value={l.used} />,
                    },
                    {
                      key: "remaining",
                      header: t("bank.limits.available"),
                      align: "right",
                      render: (l) => <Amount value={l.remaining} />,
                    },
                    {
                      key: "edit",
                      header: t("common.actions"),
                      render: (l) => (
                        <button
                          type="button"
                          className="link"
                          onClick={() => {
                            setPreset({ counterparty: l.counterparty, kind, n: Date.now() });
                            document.getElementById("limit-form")?.scrollIntoView?.();
                          }}
                        >
                          {t("bank.limits.change", { name: l.counterpartyMember?.orgId ?? l.counterparty })}
                        </button>
                      ),
                    },
                  ]}
                />
              </Card>
            ))}
          </div>
        )}
      </QueryView>
      <LimitForm key={preset?.n ?? 0} bank={bank} preset={preset} />
    </Page>
  );
}

function LimitForm({ bank, preset }: { bank: string; preset: { counterparty: string; kind: Kind } | null }) {
  const { t } = useI18n();
  const members = useMembers();
  const { progress, run, busy } = useTransactions();
  const [counterparty, setCounterparty] = useState(preset?.counterparty ?? "");
  const [kind, setKind] = useState<Kind>(preset?.kind ?? "Obligor");
  const [limit, setLimit] = useState("");
  const [errors, setErrors] = useState<Record<string, string | null>>({});

  const candidates = members.list
    .filter((m) => !sameAddress(m.address, bank) && m.status !== "None")
    .filter((m) => m.roleNames.some((r) => r === "SUPPLIER" || r === "CORE_ENTERPRISE"))
    .sort((a, b) => a.orgId.localeCompare(b.orgId));
  const options = [
    { value: "", label: t("bank.limits.choose") },
    ...candidates.map((m) => ({
      value: m.address,
      label: `${m.orgId}${m.status !== "Active" || m.blacklisted ? ` (${t("bank.limits.restricted")})` : ""}`,
    })),
  ];
  if (preset && !candidates.some((m) => sameAddress(m.address, preset.counterparty))) {
    options.push({ value: preset.counterparty, label: preset.counterparty });
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = limit.trim() === "" ? null : parseAmount(limit);
    const next = {
      counterparty: counterparty ? null : t("common.required"),
      kind: KINDS.includes(kind) ? null : t("common.required"),
      limit:
        limit.trim() === ""
          ? t("common.required")
          : value === null
            ? t("common.amountInvalid")
            : value > MAX_LIMIT
              ? t("bank.limits.tooLarge")
              : null,
    };
    setErrors(next);
    if (Object.values(next).some(Boolean) || value === null) return;
    await run(() =>
      gql(
        `mutation($c: String!, $k: CreditLineKind!, $l: BigInt!) { setCreditLimit(counterparty: $c, kind: $k, limit: $l) { ${TX_FIELDS} } }`,
        { c: counterparty, k: kind, l: value.toString() },
      ).then((d) => d.setCreditLimit),
    );
  };

  return (
    <Card title={t("bank.limits.set")} id="limit-form">
      <form onSubmit={submit} noValidate aria-label={t("bank.limits.set")} data-testid="limit-form">
        <div className="form-row">
          <SelectInput
            label={t("bank.limits.counterparty")}
            name="counterparty"
            value={counterparty}
            options={options}
            error={errors.counterparty}
            onChange={(e) => setCounterparty(e.target.value)}
          />
          <SelectInput
            label={t("bank.limits.kind")}
            name="kind"
            value={kind}
            options={KINDS.map((k) => ({ value: k, label: t(`bank.kind.${k}`) }))}
            onChange={(e) => setKind(e.target.value as Kind)}
          />
          <TextInput
            label={t("bank.limits.newLimit")}
            name="limit"
            inputMode="decimal"
            autoComplete="off"
            value={limit}
            hint={t("bank.limits.zeroCloses")}
            error={errors.limit}
            onChange={(e) => setLimit(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t("bank.limits.submit")}
        </button>
        <TxProgress progress={progress} />
      </form>
    </Card>
  );
}
