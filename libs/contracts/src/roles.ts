/** User roles (docs/security.md). Auditors read and export everything and change nothing. */
export const ROLES = ['admin', 'finance_ops', 'it_ops', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  user: UserDto;
}
