//! Scripted events: what happens in a given month whatever the actors decide.

use serde::{Deserialize, Serialize};

use super::actors::Mood;
use super::bills::Stage;
use super::units::{Amount, Fraction, Month};
use super::world::RareEarths;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: Month,
    pub event: EventKind,
    #[serde(default)]
    pub note: String,
    /// Months for which the actor whose lever the event moved may not move it back (0: none).
    #[serde(default)]
    pub hold_months: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EventKind {
    /// A leaders' summit: a deal (tension down, a truce) if neither side moves against the
    /// other that month, a failure (tension up) otherwise.
    Summit,
    SetCeiling(String),
    SetShare(Fraction),
    SetLicenceCap(Option<Amount>),
    SetEnforcement(Fraction),
    SetApprovalRate(Fraction),
    SetDomesticRatio(Fraction),
    StateDataCentreBan(bool),
    SetCustomsCrackdown(Fraction),
    SetRareEarths(RareEarths),
    /// A truce for this many months from now.
    Truce(u32),
    /// A bill reaches a stage (by its id).
    BillStage {
        bill: String,
        stage: Stage,
    },
    /// Tension jumps by this much (negative to ease), clamped to [0, 1].
    TensionShock(f64),
    SetMood(Mood),
    /// Chips or parts arrive in a stock this month, beyond the month's trade: front-running
    /// before a rule takes effect, a die bank, a bulk order landing.
    Inflow {
        /// A cloud provider's id (chips, H100e), or the domestic chipmaker's (HBM stacks, dies).
        to: String,
        #[serde(default)]
        legal: Amount,
        #[serde(default)]
        domestic: Amount,
        #[serde(default)]
        grey: Amount,
        #[serde(default)]
        hbm_stacks: Amount,
        #[serde(default)]
        dies: Amount,
    },
}

impl EventKind {
    /// The kind's name as a scenario writes it.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Summit => "Summit",
            EventKind::SetCeiling(_) => "SetCeiling",
            EventKind::SetShare(_) => "SetShare",
            EventKind::SetLicenceCap(_) => "SetLicenceCap",
            EventKind::SetEnforcement(_) => "SetEnforcement",
            EventKind::SetApprovalRate(_) => "SetApprovalRate",
            EventKind::SetDomesticRatio(_) => "SetDomesticRatio",
            EventKind::StateDataCentreBan(_) => "StateDataCentreBan",
            EventKind::SetCustomsCrackdown(_) => "SetCustomsCrackdown",
            EventKind::SetRareEarths(_) => "SetRareEarths",
            EventKind::Truce(_) => "Truce",
            EventKind::BillStage { .. } => "BillStage",
            EventKind::TensionShock(_) => "TensionShock",
            EventKind::SetMood(_) => "SetMood",
            EventKind::Inflow { .. } => "Inflow",
        }
    }

    /// The kind's entry in `EVENT_KINDS`.
    pub fn doc(&self) -> &'static EventKindDoc {
        let name = self.name();
        EVENT_KINDS.iter().find(|k| k.kind == name).expect("EVENT_KINDS lists every kind (tested)")
    }
}

/// One field of a scripted event, for documentation: its name (`value` for a kind's single
/// unnamed value), its type with its unit, and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventField {
    pub name: &'static str,
    pub ty: &'static str,
    pub meaning: &'static str,
}

/// One kind of scripted event, for documentation: its name as a scenario writes it, an example,
/// whose lever it moves (`""` for none), whether `hold_months` may hold that lever (the actor
/// has moves on it), what it does, and its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventKindDoc {
    pub kind: &'static str,
    pub example: &'static str,
    pub lever_of: &'static str,
    pub holdable: bool,
    pub about: &'static str,
    pub fields: &'static [EventField],
}

const fn field(name: &'static str, ty: &'static str, meaning: &'static str) -> EventField {
    EventField { name, ty, meaning }
}

/// The fields every event has, whatever its kind.
pub const EVENT_FIELDS: &[EventField] = &[
    field("at", "month (\"YYYY-MM\")", "the month the event happens, at the start of the month, before decisions"),
    field("event", "event kind", "what happens: one of `EVENT_KINDS`"),
    field("note", "text (optional)", "what the event stands for and its source; shown on charts and in the report"),
    field(
        "hold_months",
        "months (whole number, default 0)",
        "the actor whose lever the event moved may not move that lever again before this many months have passed",
    ),
];

/// Every kind of scripted event, in the order of `EventKind` (a test checks both ways).
pub const EVENT_KINDS: &[EventKindDoc] = &[
    EventKindDoc {
        kind: "Summit",
        example: "Summit",
        lever_of: "",
        holdable: false,
        about: "a leaders' summit: a deal (tension down, a truce, rare earths eased a level) if neither side makes a hostile move that month, a failure (tension up) otherwise",
        fields: &[],
    },
    EventKindDoc {
        kind: "SetCeiling",
        example: "SetCeiling(\"H20-class\")",
        lever_of: "UsAdministration",
        holdable: true,
        about: "the export ceiling moves to a rung of `ceilings`: down at once, up once licence review is over; read as `tighten_ceiling` (hostile) when it falls and `loosen_ceiling` (cooperative) when it rises",
        fields: &[field("value", "rung name (text)", "the `name` of a rung of the export ladder")],
    },
    EventKindDoc {
        kind: "SetShare",
        example: "SetShare(0.15)",
        lever_of: "UsAdministration",
        holdable: true,
        about: "the revenue share the US takes on licensed sales (neutral, as `raise_share`/`cut_share`)",
        fields: &[field("value", "fraction in [0, 1]", "share of vendors' China revenue paid to the US Treasury")],
    },
    EventKindDoc {
        kind: "SetLicenceCap",
        example: "SetLicenceCap(Some(6250.0))",
        lever_of: "UsAdministration",
        holdable: true,
        about: "a cap on licensed chips per buyer a month, or none; a new or lower cap reads as `cap_licences` (hostile), lifting or raising it as `lift_cap` (cooperative)",
        fields: &[field("value", "chips a month per buyer, or None", "`Some(n)` caps, `None` lifts the cap")],
    },
    EventKindDoc {
        kind: "SetEnforcement",
        example: "SetEnforcement(0.75)",
        lever_of: "UsAdministration",
        holdable: true,
        about: "anti-smuggling enforcement; up reads as `step_up_enforcement` (hostile), down as `ease_enforcement` (cooperative)",
        fields: &[field("value", "fraction in [0, 1]", "enforcement intensity")],
    },
    EventKindDoc {
        kind: "SetApprovalRate",
        example: "SetApprovalRate(0.5)",
        lever_of: "Beijing",
        holdable: true,
        about: "the share of licensed US chip orders Beijing approves; up reads as `approve_imports` (cooperative), down as `restrict_imports` (hostile)",
        fields: &[field("value", "fraction in [0, 1]", "share of licensed import orders approved")],
    },
    EventKindDoc {
        kind: "SetDomesticRatio",
        example: "SetDomesticRatio(0.5)",
        lever_of: "Beijing",
        holdable: true,
        about: "procurement guidance: the least share of clouds' AI-chip spending on domestic chips (neutral, as `raise_domestic_ratio`/`lower_domestic_ratio`)",
        fields: &[field("value", "fraction in [0, 1]", "minimum domestic share of purchases")],
    },
    EventKindDoc {
        kind: "StateDataCentreBan",
        example: "StateDataCentreBan(true)",
        lever_of: "Beijing",
        holdable: false,
        about: "state-funded data centres may buy domestic chips only; imposing it is hostile, lifting it cooperative (it is not one of Beijing's moves, so it cannot be held)",
        fields: &[field("value", "true or false", "`true` imposes the ban, `false` lifts it")],
    },
    EventKindDoc {
        kind: "SetCustomsCrackdown",
        example: "SetCustomsCrackdown(0.5)",
        lever_of: "Beijing",
        holdable: true,
        about: "Chinese customs' effort against smuggled chips (neutral, as `crack_down_on_smuggling`/`relax_customs`)",
        fields: &[field("value", "fraction in [0, 1]", "crackdown intensity")],
    },
    EventKindDoc {
        kind: "SetRareEarths",
        example: "SetRareEarths(Sweeping)",
        lever_of: "Beijing",
        holdable: true,
        about: "China's rare-earth export controls aimed at the US; harsher reads as `tighten_rare_earths` (hostile), milder as `ease_rare_earths` (cooperative)",
        fields: &[field("value", "Open, Licensing or Sweeping", "the regime")],
    },
    EventKindDoc {
        kind: "Truce",
        example: "Truce(12)",
        lever_of: "",
        holdable: false,
        about: "a truce from this month: a hostile move during it breaks it, with the cost of a failed summit",
        fields: &[field("value", "months (whole number)", "how long the truce lasts")],
    },
    EventKindDoc {
        kind: "BillStage",
        example: "BillStage(bill: \"safe-chips\", stage: Committee)",
        lever_of: "",
        holdable: false,
        about: "a bill reaches a stage; `Enacted` puts its effect in force at once; a bill written `NotIntroduced` is inert until such an event introduces it",
        fields: &[
            field("bill", "bill id (text)", "the `id` of an entry of `bills`"),
            field(
                "stage",
                "NotIntroduced, Introduced, Committee, PassedOrigin, PassedBoth, Vetoed, Enacted or Dead",
                "the stage the bill reaches",
            ),
        ],
    },
    EventKindDoc {
        kind: "TensionShock",
        example: "TensionShock(0.1)",
        lever_of: "",
        holdable: false,
        about: "tension jumps by this much (negative to ease), clamped to [0, 1]",
        fields: &[field("value", "number in [-1, 1]", "change of tension")],
    },
    EventKindDoc {
        kind: "SetMood",
        example: "SetMood(Hawk)",
        lever_of: "",
        holdable: false,
        about: "the President's mood: `Hawk` weighs security `hawk_multiplier` times more",
        fields: &[field("value", "Dealmaker or Hawk", "the mood")],
    },
    EventKindDoc {
        kind: "Inflow",
        example: "Inflow(to: \"huawei\", hbm_stacks: 7000000.0)",
        lever_of: "",
        holdable: false,
        about: "chips or parts land in a stock this month, beyond the month's trade (front-running before a rule's effective date, a die bank, a bulk order)",
        fields: &[
            field(
                "to",
                "actor id (text)",
                "a cloud provider (for chips) or the domestic chipmaker (for HBM stacks and dies)",
            ),
            field("legal", "H100e (default 0)", "licensed imports added to a cloud's stock"),
            field("domestic", "H100e (default 0)", "domestic chips added to a cloud's stock"),
            field("grey", "H100e (default 0)", "smuggled chips added to a cloud's stock"),
            field("hbm_stacks", "HBM stacks (default 0)", "added to the domestic chipmaker's HBM stock"),
            field("dies", "compute dies (default 0)", "added to the domestic chipmaker's die bank"),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_event_kind_in_order() {
        let kinds: Vec<&str> = EVENT_KINDS.iter().map(|k| k.kind).collect();
        assert_eq!(kinds, crate::variant_names::<EventKind>());
        assert_eq!(EVENT_FIELDS.iter().map(|f| f.name).collect::<Vec<_>>(), crate::field_names::<Event>());
        for k in EVENT_KINDS {
            assert!(k.example.starts_with(k.kind), "{}: example {}", k.kind, k.example);
            assert!(["", "UsAdministration", "Beijing"].contains(&k.lever_of), "{}", k.kind);
            assert!(!k.holdable || !k.lever_of.is_empty(), "{}: a hold needs a lever", k.kind);
        }
    }
}
