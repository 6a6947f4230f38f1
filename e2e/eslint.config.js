import shared from "@tollgate/config/eslint";

// End-to-end tests configure the processes they start, so they read the environment directly.
export default [...shared, { rules: { "no-restricted-properties": "off" } }];
