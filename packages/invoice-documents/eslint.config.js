export { default } from "@tollgate/config/eslint";
