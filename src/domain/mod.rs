//! Plain data types shared by every layer. No I/O.

pub mod case;
pub mod directory;
pub mod ids;
pub mod intake;
pub mod meeting;
pub mod rules;
pub mod staff;
pub mod validate;
pub mod vocab;
pub mod vocabulary;

pub use case::*;
pub use directory::*;
pub use intake::*;
pub use meeting::*;
pub use rules::*;
pub use staff::*;
pub use vocab::*;
pub use vocabulary::*;
