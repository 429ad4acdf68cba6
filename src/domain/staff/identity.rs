//! Roles, the roster (seed/staff.toml) and who is calling. How the caller is found is
//! in the notes of [the staff module](super).

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 受付: logs intakes and hands them off.
    Reception,
    /// 担当課: answers the hand-offs to its section.
    Section,
    /// 多機関協働 (福祉総務課): every case, meetings, figures.
    Coordinator,
    /// Seed sync, audit, export / import / purge.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Reception, Role::Section, Role::Coordinator, Role::Admin];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reception => "reception",
            Role::Section => "section",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }
    pub fn label_ja(self) -> &'static str {
        match self {
            Role::Reception => "受付",
            Role::Section => "担当課",
            Role::Coordinator => "多機関協働",
            Role::Admin => "管理者",
        }
    }
}

/// One member of staff in the roster (seed/staff.toml, `[[staff]]`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StaffEntry {
    /// The OS user name (what SO_PEERCRED's uid resolves to).
    pub user: String,
    /// Display name of the staff member (not a resident).
    pub name: String,
    /// The desk they serve, as cases record it (総合相談支援室, 東金子地区センター, ...).
    pub desk: String,
    /// Section id (sections.toml); required for role section.
    #[serde(default)]
    pub section: Option<String>,
    pub role: Role,
}

/// Who is calling. `staff` None: not in the roster (unknown user).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub user: String,
    pub staff: Option<StaffEntry>,
}

impl Identity {
    /// The user as the roster knows them, or unknown.
    pub fn resolve(user: &str, roster: &[StaffEntry]) -> Identity {
        Identity {
            user: user.to_string(),
            staff: roster.iter().find(|s| s.user == user).cloned(),
        }
    }

    /// The store's own housekeeping (expiry of overdue hand-offs) as it appears in the
    /// audit trail: user `system`, with a coordinator's reach.
    pub fn system() -> Identity {
        Identity {
            user: "system".into(),
            staff: Some(StaffEntry {
                user: "system".into(),
                name: "tsunagu".into(),
                desk: String::new(),
                section: None,
                role: Role::Coordinator,
            }),
        }
    }

    /// A user the roster does not know: directory search and referral rules only.
    pub fn unknown(user: &str) -> Identity {
        Identity {
            user: user.to_string(),
            staff: None,
        }
    }

    /// Embedded mode: the OS user owns the store. In the roster: that entry; otherwise an
    /// admin at `desk` (the desk this terminal serves). See the module notes.
    pub fn embedded_owner(user: &str, desk: &str, roster: &[StaffEntry]) -> Identity {
        let mut who = Identity::resolve(user, roster);
        if who.staff.is_none() {
            who.staff = Some(StaffEntry {
                user: user.to_string(),
                name: user.to_string(),
                desk: desk.to_string(),
                section: None,
                role: Role::Admin,
            });
        }
        who
    }

    pub fn role(&self) -> Option<Role> {
        self.staff.as_ref().map(|s| s.role)
    }

    pub fn is_known(&self) -> bool {
        self.staff.is_some()
    }

    pub fn desk(&self) -> Option<&str> {
        self.staff.as_ref().map(|s| s.desk.as_str())
    }

    /// The section whose inbox this caller answers: role section only.
    pub fn inbox_section(&self) -> Option<&str> {
        self.staff
            .as_ref()
            .filter(|s| s.role == Role::Section)
            .and_then(|s| s.section.as_deref())
    }

    /// Is `key` one of this caller's draft keys (`user` or `user@desk`)?
    pub fn owns_draft(&self, key: &str) -> bool {
        self.is_known()
            && (key == self.user
                || key
                    .strip_prefix(self.user.as_str())
                    .is_some_and(|rest| rest.starts_with('@')))
    }
}
