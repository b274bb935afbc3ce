//! Validated writes of the follow-up (issue 7): actions, the contact log, answers to the
//! stage-C reflection questions (with the actions they lead to) and the learning log. Each is
//! checked and written in one write transaction (`Writer`).

use super::{records, Saved, SavedAnswer, Store, Writer};
use crate::model::*;
use crate::validate;
use crate::Result;

impl Store {
    pub fn save_follow_up_action(
        &mut self,
        id: Option<&str>,
        data: FollowUpActionData,
    ) -> Result<Saved<FollowUpActionData>> {
        self.write(|w| w.save_follow_up_action(id, data))
    }

    pub fn delete_follow_up_action(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_existing::<FollowUpActionData>(id))
    }

    pub fn save_contact(
        &mut self,
        id: Option<&str>,
        data: ContactData,
    ) -> Result<Saved<ContactData>> {
        self.write(|w| w.save_contact(id, data))
    }

    pub fn delete_contact(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_existing::<ContactData>(id))
    }

    /// Saves an answer to a reflection question and, in the same transaction, creates the
    /// follow-up actions it leads to (each linked to the answer and its partnership). A
    /// problem in any action refuses the whole save; its fields are named `actions.N.field`.
    pub fn save_reflection_answer(
        &mut self,
        id: Option<&str>,
        data: ReflectionAnswerData,
        new_actions: Vec<FollowUpActionData>,
    ) -> Result<SavedAnswer> {
        self.write(|w| w.save_reflection_answer(id, data, new_actions))
    }

    /// Deletes an answer; the actions planned from it stay in the plan, unlinked.
    pub fn delete_reflection_answer(&mut self, id: &str) -> Result<()> {
        self.write(|w| {
            records::get::<ReflectionAnswerData>(w.conn(), id)?;
            w.unlink::<FollowUpActionData>("t.reflection_answer_id = ?1", id, |a| {
                a.reflection_answer_id = None
            })?;
            w.delete("reflection_answers", id)
        })
    }

    pub fn save_learning_entry(
        &mut self,
        id: Option<&str>,
        data: LearningEntryData,
    ) -> Result<Saved<LearningEntryData>> {
        self.write(|w| w.save_learning_entry(id, data))
    }

    pub fn delete_learning_entry(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_existing::<LearningEntryData>(id))
    }
}

/// Trims the texts, drops empty references, and dates a closing without a date today.
pub(crate) fn normalise_action(mut data: FollowUpActionData) -> FollowUpActionData {
    data.what = data.what.trim().to_string();
    data.outcome = data.outcome.trim().to_string();
    for reference in [
        &mut data.exchange_id,
        &mut data.reflection_answer_id,
        &mut data.owner_member_id,
        &mut data.owner_person_id,
    ] {
        *reference = reference.take().filter(|s| !s.trim().is_empty());
    }
    if !data.status.is_open() && data.closed_on.is_none() {
        data.closed_on = Some(chrono::Local::now().date_naive());
    }
    data
}

impl Writer<'_> {
    pub fn save_follow_up_action(
        &mut self,
        id: Option<&str>,
        data: FollowUpActionData,
    ) -> Result<Saved<FollowUpActionData>> {
        let data = normalise_action(data);
        let warnings = self.facts().follow_up_report(&data)?.into_result()?;
        let record = self.upsert(id, &data)?;
        Ok(Saved { record, warnings })
    }

    pub fn save_contact(
        &mut self,
        id: Option<&str>,
        mut data: ContactData,
    ) -> Result<Saved<ContactData>> {
        data.from_member_id = data.from_member_id.trim().to_string();
        data.to_member_id = data.to_member_id.trim().to_string();
        data.participants = data.participants.trim().to_string();
        data.summary = data.summary.trim().to_string();
        let facts = self.facts();
        let members = facts.member_ids(&data.partnership_id)?;
        let mut report = validate::contact(&data, &members);
        facts.require_live::<PartnershipData>(
            &mut report,
            "partnership_id",
            &data.partnership_id,
        )?;
        let warnings = report.into_result()?;
        let record = self.upsert(id, &data)?;
        Ok(Saved { record, warnings })
    }

    pub fn save_reflection_answer(
        &mut self,
        id: Option<&str>,
        mut data: ReflectionAnswerData,
        new_actions: Vec<FollowUpActionData>,
    ) -> Result<SavedAnswer> {
        data.question_key = data.question_key.trim().to_string();
        data.note = data.note.trim().to_string();
        let facts = self.facts();
        let already = facts.another(
            "reflection_answers",
            "t.partnership_id = ?2 AND t.question_key = ?3",
            id,
            &[&data.partnership_id, &data.question_key],
        )?;
        let mut report = validate::reflection_answer(&data, already);
        facts.require_live::<PartnershipData>(
            &mut report,
            "partnership_id",
            &data.partnership_id,
        )?;
        let mut actions = Vec::with_capacity(new_actions.len());
        for (i, action) in new_actions.into_iter().enumerate() {
            let action = normalise_action(FollowUpActionData {
                partnership_id: data.partnership_id.clone(),
                reflection_answer_id: None, // the answer's id, set below
                ..action
            });
            for mut issue in facts.follow_up_report(&action)?.issues {
                if issue.field == "partnership_id" {
                    continue; // reported once, for the answer
                }
                issue.field = format!("actions.{i}.{}", issue.field);
                report.issues.push(issue);
            }
            actions.push(action);
        }
        let warnings = report.into_result()?;
        let record = self.upsert(id, &data)?;
        let mut created = Vec::with_capacity(actions.len());
        for mut action in actions {
            action.reflection_answer_id = Some(record.id.clone());
            created.push(self.insert_new(&action)?);
        }
        Ok(SavedAnswer {
            record,
            actions: created,
            warnings,
        })
    }

    pub fn save_learning_entry(
        &mut self,
        id: Option<&str>,
        mut data: LearningEntryData,
    ) -> Result<Saved<LearningEntryData>> {
        data.what_changed = data.what_changed.trim().to_string();
        data.significance = data.significance.trim().to_string();
        data.evidence = data.evidence.trim().to_string();
        data.member_ids = data
            .member_ids
            .iter()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        data.member_ids.sort();
        data.member_ids.dedup();
        let facts = self.facts();
        let members = facts.member_ids(&data.partnership_id)?;
        let mut report = validate::learning_entry(&data, &members);
        facts.require_live::<PartnershipData>(
            &mut report,
            "partnership_id",
            &data.partnership_id,
        )?;
        let warnings = report.into_result()?;
        let record = self.upsert(id, &data)?;
        Ok(Saved { record, warnings })
    }
}
