//! Entity recognition: candidate proposers (gazetteer, tagger, name rules) and the stage that
//! resolves their proposals into entities, mentions and roles.

pub mod agents;
pub mod gazetteer;
pub mod names;
pub mod resolve;
pub mod tagger;
