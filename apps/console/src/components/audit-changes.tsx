import { Code, Flex, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { auditFieldChanges } from "../lib/audit-diff.ts";

/**
 * An audit entry's before/after as a list of the fields that changed, folded away until asked for (a native
 * disclosure: keyboard and screen readers get it for free). Values are shown as stored.
 */
export function AuditChanges({
  before,
  after,
  reason,
}: {
  before: unknown;
  after: unknown;
  reason: string;
}): ReactNode {
  const changes = auditFieldChanges(before, after);
  const summary =
    before === null || before === undefined
      ? "Created"
      : after === null || after === undefined
        ? "Deleted"
        : `${changes.length.toString()} field${changes.length === 1 ? "" : "s"} changed`;
  return (
    <details className="audit-changes" data-testid="audit-changes">
      <summary>
        <Text size="2">{summary}</Text>
      </summary>
      <Flex direction="column" gap="2" mt="2">
        {reason !== "" && (
          <Text size="2">
            <Text weight="medium">Reason:</Text> {reason}
          </Text>
        )}
        {changes.length === 0 ? (
          <Text size="2" color="gray">
            No field differs.
          </Text>
        ) : (
          <dl className="audit-diff">
            {changes.map((change) => (
              <div key={change.path} className="audit-diff-row">
                <dt>
                  <Code variant="ghost" size="2">
                    {change.path}
                  </Code>
                </dt>
                <dd>
                  <DiffValue value={change.before} kind="before" />
                  <span aria-hidden="true"> → </span>
                  <span className="sr-only"> becomes </span>
                  <DiffValue value={change.after} kind="after" />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </Flex>
    </details>
  );
}

function DiffValue({ value, kind }: { value: string | undefined; kind: "before" | "after" }): ReactNode {
  if (value === undefined) {
    return (
      <Text size="2" color="gray">
        (none)
      </Text>
    );
  }
  return (
    <Code size="2" highContrast color={kind === "before" ? "red" : "green"} className="audit-value">
      {value}
    </Code>
  );
}
