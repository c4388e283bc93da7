/** Form fields: labelled, with their error; an amount field that yields integer minor units. */
import { useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import { parseAmount, useI18n } from "../i18n";
import { fileProblem } from "../lib/documents";

/** A label, the control, a hint and the field's error (announced). */
export function Field({
  label,
  error,
  hint,
  children,
  id,
}: {
  label: string;
  error?: string | null;
  hint?: string;
  children: (id: string) => ReactNode;
  id?: string;
}) {
  const auto = useId();
  const fieldId = id ?? auto;
  return (
    <div className={`field ${error ? "invalid" : ""}`}>
      <label htmlFor={fieldId}>{label}</label>
      {children(fieldId)}
      {hint && !error ? <small className="hint">{hint}</small> : null}
      {error ? (
        <small className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </div>
  );
}

export function TextInput({
  label,
  error,
  hint,
  ...input
}: { label: string; error?: string | null; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(id) => <input id={id} aria-invalid={!!error} {...input} />}
    </Field>
  );
}

export function SelectInput({
  label,
  error,
  options,
  ...select
}: {
  label: string;
  error?: string | null;
  options: { value: string; label: string }[];
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} error={error}>
      {(id) => (
        <select id={id} aria-invalid={!!error} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * An amount typed in major units ("1,234.56"); `onChange` gets minor units, or null while the text is
 * not an amount (the field then says why).
 */
export function AmountInput({
  label,
  onChange,
  error,
  name,
}: {
  label: string;
  onChange(minor: bigint | null): void;
  error?: string | null;
  name?: string;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const parsed = text.trim() === "" ? null : parseAmount(text);
  const own = text.trim() !== "" && parsed === null ? t("common.amountInvalid") : null;
  return (
    <TextInput
      label={label}
      name={name}
      inputMode="decimal"
      autoComplete="off"
      value={text}
      error={own ?? error}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.trim() === "" ? null : parseAmount(e.target.value));
      }}
    />
  );
}

/** A PDF, PNG or JPEG file, checked before it is sent. */
export function FileInput({
  label,
  onChange,
  error,
  name,
}: {
  label: string;
  onChange(file: File | null): void;
  error?: string | null;
  name?: string;
}) {
  const [own, setOwn] = useState<string | null>(null);
  return (
    <Field label={label} error={own ?? error}>
      {(id) => (
        <input
          id={id}
          name={name}
          type="file"
          accept="application/pdf,image/png,image/jpeg"
          onChange={(e) => {
            const file = e.target.files?.[0] ?? null;
            const problem = file ? fileProblem(file) : null;
            setOwn(problem);
            onChange(problem ? null : file);
          }}
        />
      )}
    </Field>
  );
}
