/**
 * The county catalogue compiled for the deployed functions: the courses exactly as the YAML loader (`load.ts`)
 * produces them from `training-content/`, checked, in one JSON file. The build writes it next to each bundle that
 * ships the content (`npm run content:check -- <dir> --out <file>`, run by `ProjectFunction`'s afterBundling hook),
 * and the bundles read it instead of the YAML files, so they carry neither the YAML parser nor the loader.
 *
 * No YAML and no loader here: this module is part of every bundle that reads the catalogue.
 */
import type { Course } from '../model.ts';

/** The file name of the compiled catalogue inside the content directory of a bundle. */
export const COMPILED_CATALOGUE_FILE = 'catalogue.json';

/** Written into the file, checked when it is read: a bundle never misreads a file of another format. */
const FORMAT = 'openkreis-training-catalogue/1';

interface CompiledCatalogue {
  format: typeof FORMAT;
  courses: Course[];
}

/** The file's content for the loaded (error-free) catalogue, in catalogue order. */
export function compileCatalogue(courses: readonly Course[]): string {
  const compiled: CompiledCatalogue = { format: FORMAT, courses: [...courses] };
  return `${JSON.stringify(compiled)}\n`;
}

/** The courses of a compiled catalogue; a file that is not one (or of another format version) throws. */
export function parseCompiledCatalogue(text: string, file: string): Course[] {
  let value: Partial<CompiledCatalogue> | undefined;
  try {
    value = JSON.parse(text) as Partial<CompiledCatalogue>;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (value?.format !== FORMAT || !Array.isArray(value.courses)) {
    throw new Error(`${file} is not a compiled training catalogue of format ${FORMAT}`);
  }
  return value.courses;
}
