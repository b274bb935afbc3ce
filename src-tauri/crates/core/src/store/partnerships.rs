//! Validated writes of partnerships, their members and goals, people, exchanges and
//! participants. Each `Writer::save_*` normalises, reads the facts its rules need, validates
//! and writes inside one write transaction; `Store::save_*` runs it with `Store::write` and
//! adds the norm warnings read from the stored state afterwards.

use super::{records, Saved, Store, Writer};
use crate::model::*;
use crate::validate::{self, Report};
use crate::{Error, Result};

impl Store {
    pub fn save_partnership(
        &mut self,
        id: Option<&str>,
        data: PartnershipData,
    ) -> Result<Saved<PartnershipData>> {
        let record = self.write(|w| w.save_partnership(id, data))?;
        let warnings = self.partnership_warnings(&record.id)?;
        Ok(Saved { record, warnings })
    }

    pub fn set_partnership_archived(&mut self, id: &str, archived: bool) -> Result<Partnership> {
        self.write(|w| {
            let mut data = records::get::<PartnershipData>(w.conn(), id)?.data;
            data.archived = archived;
            w.upsert(Some(id), &data)
        })
    }

    /// Deletes a partnership and everything under it (tombstones, in one transaction).
    pub fn delete_partnership(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_partnership(id))
    }

    pub fn save_member(&mut self, id: Option<&str>, data: MemberData) -> Result<Saved<MemberData>> {
        let record = self.write(|w| w.save_member(id, data))?;
        let warnings = self.partnership_warnings(&record.data.partnership_id)?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_member(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_member(id))
    }

    pub fn save_goal(&mut self, id: Option<&str>, data: GoalData) -> Result<Saved<GoalData>> {
        self.write(|w| w.save_goal(id, data))
    }

    pub fn delete_goal(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_existing::<GoalData>(id))
    }

    pub fn save_person(&mut self, id: Option<&str>, data: PersonData) -> Result<Saved<PersonData>> {
        self.write(|w| w.save_person(id, data))
    }

    pub fn delete_person(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_person(id))
    }

    pub fn save_exchange(
        &mut self,
        id: Option<&str>,
        data: ExchangeData,
    ) -> Result<Saved<ExchangeData>> {
        let record = self.write(|w| w.save_exchange(id, data))?;
        let warnings = self.exchange_warnings(&record.id)?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_exchange(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_exchange(id))
    }

    /// Saves a participant; with `new_person`, creates that person first in the same
    /// transaction (the "create inline" path of the exchange page).
    pub fn save_participant(
        &mut self,
        id: Option<&str>,
        data: ParticipantData,
        new_person: Option<PersonData>,
    ) -> Result<Saved<ParticipantData>> {
        let record = self.write(|w| w.save_participant(id, data, new_person))?;
        let warnings = self.exchange_warnings(&record.data.exchange_id)?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_participant(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_participant(id))
    }

    /// Sets the attendance of many participants of an exchange at once (after the exchange,
    /// "everyone confirmed attended"): those of `member` (`Some(None)`: the people of no
    /// member; `None`: everyone), and only those whose attendance is now `only_from` when
    /// given. One transaction; returns how many changed, with the exchange's warnings.
    pub fn set_attendance(
        &mut self,
        exchange_id: &str,
        member: Option<Option<&str>>,
        only_from: Option<Attendance>,
        to: Attendance,
    ) -> Result<(usize, Vec<validate::Issue>)> {
        let changed = self.write(|w| {
            records::get::<ExchangeData>(w.conn(), exchange_id)?;
            let participants = records::list::<ParticipantData>(
                w.conn(),
                "t.exchange_id = ?1",
                &[&exchange_id],
                "t.id",
            )?;
            let mut changed = 0;
            for p in participants {
                let of_member = member.is_none_or(|m| p.data.member_id.as_deref() == m);
                let from_ok = only_from.is_none_or(|a| p.data.attendance == a);
                if of_member && from_ok && p.data.attendance != to {
                    let mut data = p.data.clone();
                    data.attendance = to;
                    w.save_participant(Some(&p.id), data, None)?;
                    changed += 1;
                }
            }
            Ok(changed)
        })?;
        Ok((changed, self.exchange_warnings(exchange_id)?))
    }
}

pub(crate) fn normalise_partnership(mut data: PartnershipData) -> PartnershipData {
    data.title = data.title.trim().to_string();
    data.topic = data.topic.trim().to_string();
    data.officer = data.officer.trim().to_string();
    data.advisor = data.advisor.trim().to_string();
    data
}

pub(crate) fn normalise_person(mut data: PersonData) -> PersonData {
    data.name = data.name.trim().to_string();
    data.email = data.email.trim().to_string();
    data.country_code = data
        .country_code
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    data
}

fn normalise_member(mut data: MemberData) -> MemberData {
    data.country_code = data.country_code.trim().to_uppercase();
    data.name = data.name.trim().to_string();
    data.role = data.role.trim().to_string();
    data.time_zone = data.time_zone.trim().to_string();
    data.focal_point_id = data.focal_point_id.filter(|s| !s.is_empty());
    data
}

fn normalise_exchange(mut data: ExchangeData) -> ExchangeData {
    data.title = data.title.trim().to_string();
    data.time_zone = data.time_zone.trim().to_string();
    data.country_code = data
        .country_code
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    data.host_member_id = data.host_member_id.filter(|s| !s.is_empty());
    data
}

impl Writer<'_> {
    /// A partnership; a change of status is also recorded in its status history.
    pub fn save_partnership(
        &mut self,
        id: Option<&str>,
        data: PartnershipData,
    ) -> Result<Partnership> {
        let data = normalise_partnership(data);
        validate::partnership(&data).into_result()?;
        let previous = match id {
            Some(id) => Some(
                records::get::<PartnershipData>(self.conn(), id)?
                    .data
                    .status,
            ),
            None => None,
        };
        let record = self.upsert(id, &data)?;
        if previous != Some(data.status) {
            self.insert_new(&StatusChangeData {
                partnership_id: record.id.clone(),
                status: data.status,
                changed_on: chrono::Local::now().date_naive(),
                note: String::new(),
            })?;
        }
        Ok(record)
    }

    pub fn delete_partnership(&mut self, id: &str) -> Result<()> {
        records::get::<PartnershipData>(self.conn(), id)?;
        let exchanges: Vec<String> = self.ids(
            "SELECT id FROM exchanges WHERE partnership_id = ?1 AND deleted_at IS NULL",
            id,
        )?;
        for exchange in &exchanges {
            self.delete_exchange_children(exchange)?;
        }
        for table in [
            "follow_up_actions",
            "contacts",
            "reflection_answers",
            "learning_entries",
            "exchanges",
            "goals",
            "members",
            "status_changes",
        ] {
            self.delete_children(table, "partnership_id", id)?;
        }
        self.delete("partnerships", id)
    }

    pub fn save_member(&mut self, id: Option<&str>, data: MemberData) -> Result<Member> {
        let data = normalise_member(data);
        let mut report = validate::member(&data);
        let facts = self.facts();
        facts.require_live::<PartnershipData>(
            &mut report,
            "partnership_id",
            &data.partnership_id,
        )?;
        if let Some(person) = &data.focal_point_id {
            facts.require_live::<PersonData>(&mut report, "focal_point_id", person)?;
        }
        report.into_result()?;
        self.upsert(id, &data)
    }

    /// Removes a member no exchange, participant or contact refers to; what only named it
    /// (a goal's proposer, an action's owner, a learning entry, a session's lead) is unlinked
    /// with a stamped change, so colleagues' copies follow.
    pub fn delete_member(&mut self, id: &str) -> Result<()> {
        let member = records::get::<MemberData>(self.conn(), id)?;
        let in_use: i64 = self.conn().query_row(
            "SELECT (SELECT count(*) FROM exchanges WHERE host_member_id = ?1 AND deleted_at IS NULL)
                  + (SELECT count(*) FROM participants WHERE member_id = ?1 AND deleted_at IS NULL)
                  + (SELECT count(*) FROM contacts WHERE (from_member_id = ?1 OR to_member_id = ?1)
                       AND deleted_at IS NULL)",
            [id],
            |r| r.get(0),
        )?;
        if in_use > 0 {
            let mut report = Report::default();
            report.error(
                "member",
                "member_in_use",
                format!(
                    "{} hosts an exchange, has participants or is in the contact log ({in_use} in all); reassign them before removing the member",
                    member.data.label()
                ),
            )
            .with("member", member.data.label())
            .with("count", in_use);
            return Err(Error::Invalid(report));
        }
        self.unlink::<GoalData>("t.proposed_by_member_id = ?1", id, |g| {
            g.proposed_by_member_id = None
        })?;
        self.unlink::<FollowUpActionData>("t.owner_member_id = ?1", id, |a| {
            a.owner_member_id = None
        })?;
        self.unlink::<LearningEntryData>("instr(t.member_ids, ?1) > 0", id, |e| {
            e.member_ids.retain(|m| m != id)
        })?;
        // A session the member led stays in the agenda, led by its co-leads (the first one
        // leads), or by no member.
        self.unlink::<AgendaSessionData>("t.lead_member_id = ?1", id, |s| {
            s.lead_member_id = None;
            if !s.co_lead_member_ids.is_empty() {
                s.lead_member_id = Some(s.co_lead_member_ids.remove(0));
            }
        })?;
        self.unlink::<AgendaSessionData>("instr(t.co_lead_member_ids, ?1) > 0", id, |s| {
            s.co_lead_member_ids.retain(|m| m != id)
        })?;
        // A line the member's own budget paid is still a cost: the network's from now on.
        self.unlink::<CostLineData>("t.paid_by_member_id = ?1", id, |l| {
            l.paid_by_member_id = None;
        })?;
        self.delete("members", id)
    }

    pub fn save_goal(&mut self, id: Option<&str>, mut data: GoalData) -> Result<Saved<GoalData>> {
        data.text = data.text.trim().to_string();
        data.proposed_by_member_id = data.proposed_by_member_id.filter(|s| !s.is_empty());
        let facts = self.facts();
        let members = facts.member_ids(&data.partnership_id)?;
        let mut report = validate::goal(&data, &members);
        facts.require_live::<PartnershipData>(
            &mut report,
            "partnership_id",
            &data.partnership_id,
        )?;
        let warnings = report.into_result()?;
        let record = self.upsert(id, &data)?;
        Ok(Saved { record, warnings })
    }

    pub fn save_person(&mut self, id: Option<&str>, data: PersonData) -> Result<Saved<PersonData>> {
        let data = normalise_person(data);
        let warnings = validate::person(&data).into_result()?;
        let record = self.upsert(id, &data)?;
        Ok(Saved { record, warnings })
    }

    /// Removes a person: their participations go (their traveller lines stay, naming them);
    /// what only named them (an action's owner, a session's presenters, a member's focal
    /// point) is unlinked with a stamped change.
    pub fn delete_person(&mut self, id: &str) -> Result<()> {
        records::get::<PersonData>(self.conn(), id)?;
        let participations = self.ids(
            "SELECT id FROM participants WHERE person_id = ?1 AND deleted_at IS NULL",
            id,
        )?;
        for participant in &participations {
            self.unlink_traveller_lines(participant)?;
        }
        self.delete_children("participants", "person_id", id)?;
        self.unlink::<FollowUpActionData>("t.owner_person_id = ?1", id, |a| {
            a.owner_person_id = None
        })?;
        self.unlink::<AgendaSessionData>("instr(t.presenter_ids, ?1) > 0", id, |s| {
            s.presenter_ids.retain(|p| p != id)
        })?;
        self.unlink::<MemberData>("t.focal_point_id = ?1", id, |m| m.focal_point_id = None)?;
        self.delete("people", id)
    }

    pub fn save_exchange(&mut self, id: Option<&str>, data: ExchangeData) -> Result<Exchange> {
        let data = normalise_exchange(data);
        let facts = self.facts();
        let members = facts.member_ids(&data.partnership_id)?;
        let mut report = validate::exchange(
            &data,
            &validate::ExchangeContext {
                member_ids: &members,
            },
        );
        facts.require_live::<PartnershipData>(
            &mut report,
            "partnership_id",
            &data.partnership_id,
        )?;
        report.into_result()?;
        self.upsert(id, &data)
    }

    pub fn delete_exchange(&mut self, id: &str) -> Result<()> {
        records::get::<ExchangeData>(self.conn(), id)?;
        self.delete_exchange_children(id)?;
        // Actions agreed at the exchange stay in the partnership's plan.
        self.unlink::<FollowUpActionData>("t.exchange_id = ?1", id, |a| a.exchange_id = None)?;
        self.delete("exchanges", id)
    }

    pub fn save_participant(
        &mut self,
        id: Option<&str>,
        mut data: ParticipantData,
        new_person: Option<PersonData>,
    ) -> Result<Participant> {
        data.member_id = data.member_id.filter(|s| !s.is_empty());
        let exchange = records::get::<ExchangeData>(self.conn(), &data.exchange_id)?;
        if exchange.is_deleted() {
            return Err(Error::Deleted {
                entity: "exchange",
                id: exchange.id,
            });
        }
        let facts = self.facts();
        let members = facts.member_ids(&exchange.data.partnership_id)?;
        let new_person = new_person.map(normalise_person);
        let mut report = Report::default();
        let (person_exists, already) = match &new_person {
            Some(person) => {
                for mut issue in validate::person(person).issues {
                    issue.field = format!("new_person.{}", issue.field);
                    report.issues.push(issue);
                }
                (true, false)
            }
            None => {
                let exists = records::find::<PersonData>(self.conn(), &data.person_id)?
                    .is_some_and(|p| !p.is_deleted());
                let already = facts.another(
                    "participants",
                    "t.exchange_id = ?2 AND t.person_id = ?3",
                    id,
                    &[&data.exchange_id, &data.person_id],
                )?;
                (exists, already)
            }
        };
        report.merge(validate::participant(
            &data,
            &validate::ParticipantContext {
                member_ids: &members,
                person_exists,
                already_in_exchange: already,
            },
        ));
        report.into_result()?;
        if let Some(person) = &new_person {
            data.person_id = self.insert_new(person)?.id;
        }
        self.upsert(id, &data)
    }

    pub fn delete_participant(&mut self, id: &str) -> Result<()> {
        records::get::<ParticipantData>(self.conn(), id)?;
        self.unlink_traveller_lines(id)?;
        self.delete("participants", id)
    }
}
