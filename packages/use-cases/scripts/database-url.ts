/** The database the db scripts work on (tooling, so it reads the environment directly). */
export const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/tollgate";
