import { Flex, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { Loading } from "../components/async-state.tsx";
import { MainEntityError } from "../components/main-entity-error.tsx";
import { DownloadButton } from "../components/download-button.tsx";
import { InvoiceAdminActions } from "../components/invoice-admin-actions.tsx";
import { InvoiceDocument } from "../components/invoice-document.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";

/**
 * `/invoices/:id`: one issued invoice with its lines, and its PDF and CSV files; an operator looking at the tenant
 * also gets the invoice's actions (the /admin/invoices ones, by status). Tenants never see them, and the
 * procedures refuse tenant roles anyway.
 */
export function InvoicePage(): ReactNode {
  const { invoiceId } = useParams({ from: "/signed-in/invoices/$invoiceId" });
  const scope = useTenantScope();
  const user = useSignedInUser();
  const trpc = useTRPC();
  // Files are fetched when asked for, never cached.
  const client = useTRPCClient();
  const tenantId = scope.tenantId;
  const invoice = useQuery(
    trpc.invoices.get.queryOptions({ invoiceId, tenant_id: tenantId }, { enabled: tenantId !== undefined }),
  );
  const fileInput = { invoiceId, tenant_id: tenantId };

  return (
    <Flex direction="column" gap="4">
      <Link to="/invoices" className="back-link">
        ← Invoices
      </Link>
      {tenantId === undefined ? (
        <PickTenantFirst />
      ) : invoice.isPending ? (
        <Loading label="Loading the invoice…" />
      ) : invoice.isError ? (
        <MainEntityError error={invoice.error} onRetry={() => void invoice.refetch()} />
      ) : (
        <>
          <PageHeader
            title={`Invoice ${invoice.data.number ?? ""}`}
            description={<Text>Issued by {invoice.data.issued_by.name}</Text>}
          >
            <DownloadButton
              label="PDF"
              testId="download-invoice-pdf"
              fetchFile={() => client.invoices.pdf.query(fileInput)}
            />
            <DownloadButton
              label="Lines CSV"
              testId="download-invoice-csv"
              fetchFile={() => client.invoices.linesCsv.query(fileInput)}
            />
            <DownloadButton
              label="Usage CSV"
              testId="download-usage-csv"
              fetchFile={() => client.invoices.usageCsv.query(fileInput)}
            />
          </PageHeader>
          {user.role === "operator" && (
            <Flex justify="end" data-testid="invoice-page-actions">
              <InvoiceAdminActions invoice={invoice.data} />
            </Flex>
          )}
          <InvoiceDocument invoice={invoice.data} issuedBy={invoice.data.issued_by} />
        </>
      )}
    </Flex>
  );
}
