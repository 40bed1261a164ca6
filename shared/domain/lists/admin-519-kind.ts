/** The kind whose notifications the monthly list of art. 11.7 is built from. */
export const ADMIN_519_KIND = "offence.admin-519";
