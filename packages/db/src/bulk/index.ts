export { arrayLiteral } from "./array-literal.ts";
export { copyOptionalText, copyRows, copyTextField, copyTextRow, type CopyValue } from "./copy-rows.ts";
