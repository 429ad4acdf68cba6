//! What the desk records of a consultation, and what the referral rules read.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    #[default]
    WalkIn,
    Phone,
    Visit,
    Online,
    Referral,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::WalkIn,
        Channel::Phone,
        Channel::Visit,
        Channel::Online,
        Channel::Referral,
    ];
    pub fn label_ja(self) -> &'static str {
        match self {
            Channel::WalkIn => "来所",
            Channel::Phone => "電話",
            Channel::Visit => "訪問",
            Channel::Online => "オンライン",
            Channel::Referral => "紹介",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Channel::WalkIn => "walk-in",
            Channel::Phone => "phone",
            Channel::Visit => "visit",
            Channel::Online => "online",
            Channel::Referral => "referral",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::WalkIn => "walk_in",
            Channel::Phone => "phone",
            Channel::Visit => "visit",
            Channel::Online => "online",
            Channel::Referral => "referral",
        }
    }
}

/// Consent to share information with other agencies (plan 4: 重層的支援会議 for cases
/// with consent, 支援会議 for cases where it 「得られない」).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    Given,
    /// Refused, or cannot be obtained (同意が得られない).
    Refused,
    /// Not yet asked or confirmed (未確認): decides no meeting.
    #[default]
    Unknown,
}

impl Consent {
    pub const ALL: [Consent; 3] = [Consent::Given, Consent::Refused, Consent::Unknown];
    pub fn label_ja(self) -> &'static str {
        match self {
            Consent::Given => "あり",
            Consent::Refused => "得られない",
            Consent::Unknown => "未確認",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Consent::Given => "given",
            Consent::Refused => "refused",
            Consent::Unknown => "not asked",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The person the consultation is about.
    #[default]
    #[serde(rename = "self")]
    Myself,
    Spouse,
    Parent,
    Child,
    Grandparent,
    Grandchild,
    Sibling,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 8] = [
        Relation::Myself,
        Relation::Spouse,
        Relation::Parent,
        Relation::Child,
        Relation::Grandparent,
        Relation::Grandchild,
        Relation::Sibling,
        Relation::Other,
    ];
    pub fn label_ja(self) -> &'static str {
        match self {
            Relation::Myself => "本人",
            Relation::Spouse => "配偶者",
            Relation::Parent => "親",
            Relation::Child => "子",
            Relation::Grandparent => "祖父母",
            Relation::Grandchild => "孫",
            Relation::Sibling => "きょうだい",
            Relation::Other => "その他",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Relation::Myself => "self",
            Relation::Spouse => "spouse",
            Relation::Parent => "parent",
            Relation::Child => "child",
            Relation::Grandparent => "grandparent",
            Relation::Grandchild => "grandchild",
            Relation::Sibling => "sibling",
            Relation::Other => "other",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Myself => "self",
            Relation::Spouse => "spouse",
            Relation::Parent => "parent",
            Relation::Child => "child",
            Relation::Grandparent => "grandparent",
            Relation::Grandchild => "grandchild",
            Relation::Sibling => "sibling",
            Relation::Other => "other",
        }
    }
}

/// One member of the household as the rules see them: no name.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Person {
    pub relation: Relation,
    pub age: Option<u8>,
    /// Concern ids (seed/concerns.toml).
    pub concerns: Vec<String>,
}

/// A consultation as the referral rules read it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Intake {
    pub channel: Channel,
    /// A 福祉圏域 id.
    pub district: Option<String>,
    /// A school name as staff type it (金子中).
    pub school: Option<String>,
    /// ISO 639-1; None = Japanese.
    pub language: Option<String>,
    pub consent: Consent,
    pub seeks_help: bool,
    pub people: Vec<Person>,
    /// Free text. Personal: never logged.
    pub note: Option<String>,
}
