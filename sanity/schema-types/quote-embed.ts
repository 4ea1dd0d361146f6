import {BlockquoteIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'
import {unpublishedEmbedWarning} from '../lib/validation'

export const quoteEmbed = defineType({
  name: 'quoteEmbed',
  title: 'Quote',
  type: 'object',
  icon: BlockquoteIcon,
  validation: (rule) => rule.custom(unpublishedEmbedWarning('quote', 'quote')).warning(),
  fields: [
    defineField({
      name: 'quote',
      type: 'reference',
      to: [{type: 'quote'}],
      validation: (rule) => rule.required(),
    }),
  ],
  preview: {
    select: {title: 'quote.text', speaker: 'quote.speakerName'},
    prepare: ({title, speaker}) => ({title: title ?? 'Quote', subtitle: speaker}),
  },
})
