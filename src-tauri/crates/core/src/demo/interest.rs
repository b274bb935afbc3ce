//! A partnership at its first stage: interest expressed, the partner not yet identified.

use super::*;

impl Demo<'_, '_> {
    /// Seed 000: "countries are welcomed to indicate … that they want to learn from/with
    /// another country" — a request with no partner yet.
    pub(super) fn interest_expressed(&mut self) -> Result<()> {
        let p = self.partnership(
            PartnershipData {
                title: "Nepal: learning on municipal urban resilience".into(),
                kind: PartnershipKind::PeerLearning,
                topic: "Urban resilience and green recovery in municipalities".into(),
                priorities: "Coordination across tiers of government; model laws for urban development.".into(),
                status: PartnershipStatus::InterestExpressed,
                requested_by: "Ministry of Urban Development, Nepal".into(),
                learning_interest: "Which country has municipalities that turned resilience plans into by-laws?".into(),
                start_date: None,
                end_date: None,
                officer: "Ines Moreau".into(),
                advisor: String::new(),
                notes: "Asked at the regional forum. Candidate partners to suggest: Bangladesh, the Philippines.".into(),
                archived: false,
            },
            &[(PartnershipStatus::InterestExpressed, date(2026, 11, 2).unwrap_or_default())],
        )?;
        let sita = self.person(
            "Sita Gurung",
            "Ministry of Urban Development, Nepal",
            "Under secretary",
            "NP",
            "sita.gurung@moud.example.np",
        )?;
        let np = self.member(
            &p,
            "NP",
            MemberLevel::Ministry,
            "Ministry of Urban Development",
            "Requesting",
            Some(&sita),
        )?;
        // Before a partner is found, the broker's own next step.
        self.action(Action {
            partnership: &p,
            member_ids: std::slice::from_ref(&np),
            start: None,
            exchange: None,
            answer: None,
            what: "Send Nepal's ministry profiles of two candidate partners (Bangladesh, the Philippines)",
            owner: Some(&np),
            person: Some(&sita),
            due: date(2026, 12, 4),
            channel: ContactChannel::Email,
            status: ActionStatus::Planned,
            closed: None,
            outcome: "",
        })?;
        Ok(())
    }
}
