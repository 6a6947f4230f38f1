import { Button, Card, Flex } from "@radix-ui/themes";
import { Link } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { defaultComparison, type PlanVersion } from "../lib/plan-views.ts";
import { VersionPicker } from "./version-picker.tsx";

/** "Compare": two versions of the plan (A before, B after), opening the side-by-side diff. */
export function CompareVersions({ planId, versions }: { planId: string; versions: PlanVersion[] }): ReactNode {
  const initial = defaultComparison(versions);
  const [a, setA] = useState(initial?.a ?? "");
  const [b, setB] = useState(initial?.b ?? "");
  if (!initial) return null;
  return (
    <Card>
      <Flex gap="3" align="end" wrap="wrap">
        <VersionPicker label="Compare (A, before)" value={a} versions={versions} onChange={setA} testId="compare-a" />
        <VersionPicker label="with (B, after)" value={b} versions={versions} onChange={setB} testId="compare-b" />
        <Button asChild variant="soft">
          <Link to="/admin/plans/$planId/diff" params={{ planId }} search={{ a, b }} data-testid="compare-link">
            Compare
          </Link>
        </Button>
      </Flex>
    </Card>
  );
}
