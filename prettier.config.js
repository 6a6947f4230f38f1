export { default } from "@tollgate/config/prettier";
