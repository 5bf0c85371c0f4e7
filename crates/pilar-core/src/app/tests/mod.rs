//! Unit tests of the core as a core: `App::update` driven with actions, asserting on the
//! effects it returns and the state it leaves, without a database.
