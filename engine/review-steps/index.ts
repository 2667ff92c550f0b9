/** The review-step configurator's pure part: no database, no app (docs/decisions/034). */
export { buildReviewSteps, type BuildResult } from './generate.ts'
export { reviewStepsOf, type Derived } from './derive.ts'
export { compileWhen, feelLiteral } from './conditions.ts'
export { parseReviewSteps, reviewStepsSchema, operatorTitles, OPERATORS, type ReviewSteps, type ReviewSection, type ReviewStep, type When, type Clause, type Count, type Deadline } from './steps-schema.ts'
