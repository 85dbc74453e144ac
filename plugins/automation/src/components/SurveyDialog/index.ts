export { SurveyDialog, checkAnswers, initialAnswers } from './SurveyDialog';
export { QuestionField } from './SurveyDialog';
