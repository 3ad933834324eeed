//! The one reducer: what the user chose, and the messages that change it.
