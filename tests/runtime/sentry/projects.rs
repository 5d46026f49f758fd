//! Project-management, DSN, team, monitor and onboarding tools against the stand-in.
