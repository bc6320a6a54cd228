// The alliance lifecycle lives in the contract shared with the console (libs/contract).
export {
  agreementOpen,
  allianceEditing,
  allowedMoves,
  allowedTargets,
  callerParts,
  checkTransition,
  DISAGREEMENT_GAP,
  disagreements,
  EVALUATION_OBJECTS,
  FINAL_STATUSES,
  TRANSITIONS,
  type AllianceActor,
  type AllianceEditing,
  type EvaluationObject,
  type TransitionCheck,
} from '@maillage/contract';
