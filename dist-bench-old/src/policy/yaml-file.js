"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.readYamlFile = readYamlFile;
/** Reads one YAML rules file and validates it with a zod schema, collecting problems with their fixes. */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const yaml_1 = __importDefault(require("yaml"));
function readYamlFile(file, schema, problems, fix) {
    const name = node_path_1.default.basename(file);
    let text;
    try {
        text = node_fs_1.default.readFileSync(file, 'utf8');
    }
    catch {
        problems.push(`${name}: cannot be read at ${file}. Fix: ${fix}`);
        return null;
    }
    const doc = yaml_1.default.parseDocument(text);
    if (doc.errors.length > 0) {
        for (const e of doc.errors)
            problems.push(`${name}: ${e.message}. Fix: correct the YAML syntax`);
        return null;
    }
    const parsed = schema.safeParse(doc.toJS());
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            const at = issue.path.map(String).join('.');
            problems.push(`${name}: ${at || '(root)'}: ${issue.message}. Fix: ${fix}`);
        }
        return null;
    }
    return parsed.data;
}
