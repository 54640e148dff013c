import { type Role } from './roles';

/** `POST /api/v1/users` (admin): a new sign-in with its initial password. */
export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** `PATCH /api/v1/users/:id` (admin): what to change; disabling ends the user's sessions. */
export interface UserChanges {
  name?: string;
  role?: Role;
  password?: string;
  disabled?: boolean;
}
