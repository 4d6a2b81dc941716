// Who is signed in, for the screens that differ by role (admins edit the catalog).

import { createContext, useContext } from "react";
import type { User } from "../api";

export interface Account {
  user: User;
  tenant: string;
}

export const AccountContext = createContext<Account | undefined>(undefined);

/** Whether the signed-in user is an admin of the tenant. */
export const useIsAdmin = () => useContext(AccountContext)?.user.role === "admin";
