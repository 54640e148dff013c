export { parseOrThrow, ZodPathsPipe } from '../common/zod-paths';
