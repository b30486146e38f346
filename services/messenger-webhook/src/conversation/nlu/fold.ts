/**
 * Text folding for matching: lower case, no diacritics (NFD + strip marks, đ → d), punctuation to
 * spaces except what dates and times use (`/ : .`), single spaces. "Hủy LỊCH", "huy lich" and
 * "Huỷ lịch" fold to the same string, so customers who type without accents are understood.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[^\p{L}\p{N}/:.'-]+/gu, ' ')
    .replace(/(?<!\d)[.:](?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when `phrase` (folded) occurs in `folded` as whole words. */
export function hasPhrase(folded: string, phrase: string): boolean {
  return ` ${folded} `.includes(` ${phrase} `);
}

// Letters only Vietnamese uses among the bot's two languages (tone marks, ơ ư ă â ê ô đ).
const VIETNAMESE_LETTERS = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

/** True when the raw text carries Vietnamese letters. */
export const hasVietnameseLetters = (text: string) => VIETNAMESE_LETTERS.test(text);
