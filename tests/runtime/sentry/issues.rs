//! Issue, event, search, trace and Seer tools against the stand-in.
