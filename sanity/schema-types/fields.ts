import {defineField} from 'sanity'

/** Alt text is required wherever an image is shown to readers. */
export function requiredAlt() {
  return defineField({
    name: 'alt',
    title: 'Alternative text',
    type: 'string',
    description: 'Describe the image for readers who cannot see it.',
    validation: (rule) =>
      rule.custom((alt, context) => {
        const parent = context.parent as {asset?: unknown} | undefined
        if (parent?.asset && !alt?.trim()) return 'Alternative text is required'
        return true
      }),
  })
}

/** Only schemes that are safe to put in an href. */
export const SAFE_LINK_SCHEMES = ['http', 'https', 'mailto', 'tel']

export function topicsField() {
  return defineField({
    name: 'topics',
    type: 'array',
    of: [{type: 'reference', to: [{type: 'topic'}]}],
    validation: (rule) => rule.unique(),
  })
}
