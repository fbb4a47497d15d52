"use strict";
/** Checksums that turn a digit pattern into a real identifier (and keep order numbers out). */
Object.defineProperty(exports, "__esModule", { value: true });
exports.luhnValid = luhnValid;
exports.cnIdValid = cnIdValid;
/** Luhn (ISO/IEC 7812) for payment card numbers; separators are ignored. */
function luhnValid(value) {
    const digits = value.replace(/\D/g, '');
    if (digits.length < 12 || digits.length > 19)
        return false;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
        let d = digits.charCodeAt(digits.length - 1 - i) - 48;
        if (i % 2 === 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 === 0;
}
const CN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_ID_CHECK = '10X98765432';
/** GB 11643-1999 resident identity number: 17 digits + check character, with a plausible birth date. */
function cnIdValid(value) {
    const id = value.toUpperCase();
    if (!/^\d{17}[\dX]$/.test(id))
        return false;
    const month = Number(id.slice(10, 12));
    const day = Number(id.slice(12, 14));
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    let sum = 0;
    for (let i = 0; i < 17; i++)
        sum += (id.charCodeAt(i) - 48) * CN_ID_WEIGHTS[i];
    return CN_ID_CHECK[sum % 11] === id[17];
}
