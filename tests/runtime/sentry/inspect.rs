//! Alert, dashboard, release, replay, profile, AI-conversation, snapshot and docs tools against the stand-in.
