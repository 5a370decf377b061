/** One account the token may use, as ListAccounts returns it. */
export interface PortalAccount {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress: string;
}

/** One account and the roles the token may use in it. */
export interface AccountAssignments extends PortalAccount {
  readonly roles: readonly string[];
}
